# Sourced by the iasl cross-check scripts, which set SRC, BUILD and W (a scratch directory).
#
# iasl_trixie: Debian 13's iasl 20250404, fetched (not installed) into the build tree by
#   tests/tools/get-trixie.sh.  Sets IASL_DIR (the unpacked tree) and IASL (a command line that
#   runs it with its own libc); exits the script with 77 (skip) when the archive is unreachable.
# iasl_system: the installed iasl.  Sets IASL (its path) and IASL_VERSION (yyyymmdd, empty when
#   it prints none); returns 1 when there is none.
iasl_trixie() {
	IASL_DIR=$("$SRC/tests/tools/get-trixie.sh" "$BUILD/trixie-acpica" acpica-tools libc6 \
		2>"$W/fetch.err")
	if [ $? != 0 ] || [ ! -x "$IASL_DIR/usr/bin/iasl" ]; then
		echo "skip: no trixie iasl: $(cat "$W/fetch.err")"
		exit 77
	fi
	IASL="$IASL_DIR/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 --library-path $IASL_DIR/usr/lib/x86_64-linux-gnu $IASL_DIR/usr/bin/iasl"
}

iasl_system() {
	IASL=$(command -v iasl) || return 1
	IASL_VERSION=$("$IASL" -v 2>/dev/null | sed -n 's/.*version \([0-9]\{8\}\).*/\1/p' | head -1)
}
