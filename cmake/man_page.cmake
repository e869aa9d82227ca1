# Writes the man page of one ferry subcommand (SUB; "ferry" for the program
# itself) with help2man from the --help the binary prints, so the page and
# the flags never drift. help2man runs its program with no arguments of our
# choosing, so a subcommand gets a two-line wrapper script.
#   cmake -DHELP2MAN=.. -DFERRY=.. -DSUB=.. -DOUT=.. -DVERSION=.. -P man_page.cmake
get_filename_component(dir ${OUT} DIRECTORY)
if(SUB STREQUAL "ferry")
  set(prog ${FERRY})
  set(name "move application data between database engines and prove nothing was lost")
else()
  set(prog ${dir}/ferry-${SUB})
  file(WRITE ${prog} "#!/bin/sh\nexec \"${FERRY}\" ${SUB} \"$@\"\n")
  file(CHMOD ${prog} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
  execute_process(COMMAND ${FERRY} --help OUTPUT_VARIABLE main_help)
  # The one-line summary `ferry --help` gives the subcommand.
  string(REGEX MATCH "\n  ${SUB} +([^\n]*)" line "${main_help}")
  # A ';' would split the argument list below.
  string(REPLACE ";" "," name "${CMAKE_MATCH_1}")
  if(name STREQUAL "")
    set(name "the ${SUB} subcommand of ferry")
  endif()
endif()
execute_process(
  COMMAND ${HELP2MAN} --no-info --section=1 --source=ferry --version-string=${VERSION} --name=${name}
          --output=${OUT} ${prog}
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT SUB STREQUAL "ferry")
  file(REMOVE ${prog})
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed for ${SUB}: ${err}")
endif()
