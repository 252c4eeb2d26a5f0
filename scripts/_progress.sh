# Shared by the scripts: say what a long step is doing, and show cargo's progress while pip
# builds the extension (pip alone is silent for the minutes the AWS SDK takes to compile).

step() { printf '\n==> %s\n' "$*"; }

# Runs a pip command verbosely and lets through only cargo's progress and any error, so the
# build is neither silent nor buried in pip's own output.
pip_showing_cargo() {
    "$@" --verbose 2>&1 | {
        grep --line-buffered -E \
            '^ *(Compiling|Finished|Building|Built|Successfully|Installing|Collecting) |[Ee]rror|ERROR|^ *--> ' ||
            true
    }
}
