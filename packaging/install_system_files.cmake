# Installs what lives outside the prefix's usual folders: the systemd unit and /etc/oakley. Runs
# at install time (cmake --install, cpack), so these places and the paths written into the unit
# follow the prefix given then (--prefix, or /usr for the Debian package) rather than the one the
# build tree was configured with, as GNUInstallDirs would place them for that prefix. Honours
# DESTDIR. Included by the install rules of packaging/CMakeLists.txt, which set OAKLEY_INSTALL_PART
# (service: the unit; config: /etc/oakley) and the configured OAKLEY_* paths used below.

string(REGEX REPLACE "/+$" "" prefix "${CMAKE_INSTALL_PREFIX}")  # "/" → "", "/usr/" → "/usr"
set(system_prefix FALSE)
if(prefix STREQUAL "" OR prefix STREQUAL "/usr")
  set(system_prefix TRUE)
endif()

function(oakley_install_dir out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

if(IS_ABSOLUTE "${OAKLEY_SYSCONFDIR}")
  set(sysconfdir "${OAKLEY_SYSCONFDIR}")
elseif(system_prefix)
  set(sysconfdir "/etc")
elseif(prefix MATCHES "^/opt/")
  set(sysconfdir "/etc${prefix}")
else()
  set(sysconfdir "${prefix}/${OAKLEY_SYSCONFDIR}")
endif()
if(OAKLEY_UNIT_DIR)
  set(unitdir "${OAKLEY_UNIT_DIR}")
elseif(system_prefix)
  set(unitdir "${OAKLEY_USR_UNIT_DIR}")
else()
  set(unitdir "${prefix}/lib/systemd/system")
endif()
oakley_install_dir(OAKLEY_SBINDIR "${OAKLEY_SBINDIR}")
set(OAKLEY_CONFDIR "${sysconfdir}/oakley")

if(OAKLEY_INSTALL_PART STREQUAL "service")
  # A staging file per destination: two installs at once (tests) must not share one.
  string(MD5 tag "$ENV{DESTDIR}|${prefix}")
  set(unit "${OAKLEY_STAGING_DIR}/${tag}/oakleyd.service")
  configure_file("${OAKLEY_PACKAGING_DIR}/oakleyd.service.in" "${unit}" @ONLY)
  file(INSTALL "${unit}" DESTINATION "${unitdir}"
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endif()

# A folder with its mode, unless it exists: an operator's own modes are kept.
function(oakley_install_folder dir)
  if(NOT EXISTS "${dir}")
    file(MAKE_DIRECTORY "${dir}")
    file(CHMOD "${dir}" DIRECTORY_PERMISSIONS ${ARGN})
  endif()
endfunction()

if(OAKLEY_INSTALL_PART STREQUAL "config")
  set(confdir "$ENV{DESTDIR}${OAKLEY_CONFDIR}")
  set(owner OWNER_READ OWNER_WRITE OWNER_EXECUTE)
  set(others GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  # swanctl's folders beside the configuration; those that hold secrets are root's only.
  oakley_install_folder("${confdir}" ${owner} ${others})
  foreach(public x509 x509ca)
    oakley_install_folder("${confdir}/${public}" ${owner} ${others})
  endforeach()
  foreach(secret private conf.d)
    oakley_install_folder("${confdir}/${secret}" ${owner})
  endforeach()
  # The example holds no secret, but the operator's edits will: root's only. An installed one is
  # never replaced (the Debian package declares it a conffile, so dpkg asks instead).
  if(EXISTS "${confdir}/oakley.conf")
    message(STATUS "Keeping: ${confdir}/oakley.conf")
  else()
    file(INSTALL "${OAKLEY_PACKAGING_DIR}/oakley.conf" DESTINATION "${OAKLEY_CONFDIR}"
         PERMISSIONS OWNER_READ OWNER_WRITE)
  endif()
endif()
