# Shared by the command-line test scripts: run a command and check its exit
# code and output. The caller sets $tmp (a scratch folder) and the counters
# `passed` and `failed`.

expect() { # expect CODE DESCRIPTION -- COMMAND...
    local want=$1 what=$2
    shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $what: exit $got, expected $want"
        sed 's/^/  | /' "$tmp/err" | head -5
    fi
}

contains() { # contains FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$tmp/$1"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $3: no \`$2\` in $1"
        sed 's/^/  | /' "$tmp/$1" | head -5
    fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
