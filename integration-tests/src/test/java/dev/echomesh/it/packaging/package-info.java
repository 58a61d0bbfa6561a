/**
 * Checks of what the build ships: the tarball (its launcher run from elsewhere and through a
 * symlink) and the .deb (its control fields and layout unpacked into a scratch root, its systemd
 * unit verified by {@code systemd-analyze}). Nothing is installed on the machine.
 */
package dev.echomesh.it.packaging;
