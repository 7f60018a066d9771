#!/bin/sh
# check-html.sh SRC_DIR - fails when code under SRC_DIR/web writes markup
# other than through the escaping API in web/html.h.
#
# The API makes the safe way the only way: html_printf/html_lit take string
# literals only (checked by the compiler), %s always escapes, and an Html's
# buffer is private. This check catches the ways around it:
#   - touching an Html's private buffer (.b_ / ->b_) outside html.c;
#   - calling html_printf_/html_lit_ directly (skipping the literal check);
#   - building output with buf_* calls in page, layout or component code;
#   - creating a libmicrohttpd response anywhere but server.c;
#   - sending raw bytes (resp->raw) from anywhere but the asset handler.
set -eu
src=${1:?usage: check-html.sh SRC_DIR}
web="$src/web"
status=0

report() {
    # $1 message, $2 grep output
    if [ -n "$2" ]; then
        printf 'check-html: %s\n%s\n' "$1" "$2" >&2
        status=1
    fi
}

others=$(find "$web" -name '*.c' ! -name html.c | sort)
# shellcheck disable=SC2086
report "an Html's buffer is private to html.c" "$(grep -nE '(\.|->)b_\b' $others || true)"
# shellcheck disable=SC2086
report "use the html_printf/html_lit macros (they insist on literals)" \
    "$(grep -nE '\bhtml_(printf|lit)_[[:space:]]*\(' $others || true)"

markup=$(find "$web" -name '*.c' ! -name html.c ! -name server.c | sort)
# shellcheck disable=SC2086
report "write markup with html.h, not buf_* (pages, layout and components)" \
    "$(grep -nE '\bbuf_(append|puts|putc|printf|vprintf|reserve|take)[[:space:]]*\(' $markup || true)"

# shellcheck disable=SC2086
report "only server.c creates responses" \
    "$(grep -nE '\bMHD_create_response' $others | grep -v '/server\.c:' || true)"

# shellcheck disable=SC2086
report "raw response bytes are for embedded assets only (pages/home.c)" \
    "$(grep -nE '(->|\.)raw[[:space:]]*=' $markup | grep -v '/pages/home\.c:' || true)"

if [ "$status" -eq 0 ]; then
    echo "check-html: markup under $web is written only through html.h"
fi
exit "$status"
