# Shared by the build-time embedding scripts (src/policy/embed_catalogs.cmake,
# src/scan/embed_rules.cmake), which turn data files into C++ raw string literals.

# Fails the build when `text` (read from `path`) would end the raw string `delimiter` early.
function(embed_check_delimiter text path delimiter)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw-string delimiter )${delimiter}\"")
  endif()
endfunction()

# Writes `content` to `output` only when it differs, so an unchanged file rebuilds nothing.
function(embed_write_if_changed output content)
  set(old "")
  if(EXISTS "${output}")
    file(READ "${output}" old)
  endif()
  if(NOT old STREQUAL content)
    file(WRITE "${output}" "${content}")
  endif()
endfunction()
