# The layers of engine/, lowest first. Each is one static library (msabm_<layer>, alias
# msabm::<layer>) built from engine/<layer>/ and linked only to the layers named in
# MSABM_LAYER_USES_<layer>, all of which must come before it in MSABM_LAYERS. A layer's files may
# include the headers of the layers it reaches through those links (directly or transitively),
# never another layer's impl/ folder, never models/. engine/check_layers.cmake enforces this on
# every build (target msabm_check_layers) and in ctest (label `layers`).
#
# Read by engine/CMakeLists.txt and by engine/check_layers.cmake; it defines nothing else.
set(MSABM_LAYERS units config core fields io model run sweep cli)

set(MSABM_LAYER_USES_units "")            # quantities and units, "did you mean" suggestions
set(MSABM_LAYER_USES_config units)        # YAML tree, typed reads, errors with locations
set(MSABM_LAYER_USES_core config)         # lattice, agents, scheduler, simulation (config: region)
set(MSABM_LAYER_USES_fields core)         # substances and their solvers
set(MSABM_LAYER_USES_io core)             # HDF5 results, checkpoints, summaries
set(MSABM_LAYER_USES_model core)          # the registry models register into
set(MSABM_LAYER_USES_run fields io model) # building a simulation from a config and running it
set(MSABM_LAYER_USES_sweep run)           # sweep plans and their dispatch
set(MSABM_LAYER_USES_cli sweep)           # the command line

# The layers whose files include the generated engine/version.hpp (target msabm_version).
set(MSABM_VERSION_USERS io run sweep cli)

# Sets <out> to every layer that <layer> reaches through its links (not itself). Fails when a
# layer links one that does not come before it, or one that is not a layer.
function(msabm_layer_reach layer out)
  list(FIND MSABM_LAYERS ${layer} rank)
  if(rank LESS 0)
    message(FATAL_ERROR "engine/layers.cmake: '${layer}' is not a layer")
  endif()
  set(reach "")
  foreach(below IN LISTS MSABM_LAYER_USES_${layer})
    list(FIND MSABM_LAYERS ${below} below_rank)
    if(below_rank LESS 0 OR NOT below_rank LESS rank)
      message(FATAL_ERROR "engine/layers.cmake: layer '${layer}' may only use layers before it "
                          "in MSABM_LAYERS (${MSABM_LAYERS}), not '${below}'")
    endif()
    msabm_layer_reach(${below} below_reach)
    list(APPEND reach ${below} ${below_reach})
  endforeach()
  list(REMOVE_DUPLICATES reach)
  set(${out} "${reach}" PARENT_SCOPE)
endfunction()
