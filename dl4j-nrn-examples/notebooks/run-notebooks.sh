#!/usr/bin/env bash
# Executes the Java notebooks of this folder headless, with the dl4j-nrn Java kernel (module dl4j-nrn-jupyter), and
# writes the executed notebooks, outputs included, to dl4j-nrn-examples/target/notebooks/. The sources are not changed.
#
#   dl4j-nrn-examples/notebooks/run-notebooks.sh              # every *.ipynb of this folder, sorted by name
#   dl4j-nrn-examples/notebooks/run-notebooks.sh 00-kernel-smoke.ipynb   # only the notebooks named
#
# Needs: Maven, a JDK 17, and Jupyter from Debian (bash .ci/install-notebook-deps.sh). The dependencies must be
# resolvable (the first `mvn -B install -DskipTests` from the root fetches them); the script compiles the modules it
# needs itself. It fails, naming the notebook, if a cell fails, or if an executed notebook has an error output or no
# image/png output.
#
# Environment: MVN_ARGS (extra Maven arguments, e.g. "-o" or "-Pcuda"), NOTEBOOK_JAVA_OPTS (kernel JVM options,
# e.g. "-Xmx8g"), JAVA_HOME (the JDK for the kernel; else `java` on the PATH), CELL_TIMEOUT (seconds, default 600).
set -euo pipefail

NB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$NB_DIR/../.." && pwd)"
OUT_DIR="$ROOT/dl4j-nrn-examples/target/notebooks"
KERNEL_NAME="dl4j-nrn-java"
KERNEL_CLASS="io.github.dl4jnrn.jupyter.JavaKernel"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
# Debian's Jupyter: the python3 first on the PATH may be another build without the Jupyter modules
PYTHON=/usr/bin/python3

# Maven runs quietly; Debian's Maven still prints colour resets, dropped here
mvn_quiet() {
    # shellcheck disable=SC2086
    (cd "$ROOT" && mvn -q -B ${MVN_ARGS:-} "$@" 2>&1) | sed -e 's/\x1b\[[0-9;]*m//g'
}

die() {
    echo "run-notebooks: error: $*" >&2
    exit 2
}

if [ ! -x "$PYTHON" ] || ! "$PYTHON" -c "import nbconvert, nbclient, jupyter_client" 2>/dev/null; then
    die "Debian's Jupyter (nbconvert, nbclient for $PYTHON) is missing; install it with:
    bash $ROOT/.ci/install-notebook-deps.sh"
fi
command -v mvn >/dev/null || die "mvn is not on the PATH"
if [ -n "${JAVA_HOME:-}" ]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA="$(command -v java)" || die "java is not on the PATH and JAVA_HOME is not set"
fi
[ -x "$JAVA" ] || die "no java executable at $JAVA"

notebooks=()
if [ "$#" -gt 0 ]; then
    for name in "$@"; do
        [ -f "$NB_DIR/$(basename "$name")" ] || die "no notebook $(basename "$name") in $NB_DIR"
        notebooks+=("$NB_DIR/$(basename "$name")")
    done
else
    while IFS= read -r nb; do
        notebooks+=("$nb")
    done < <(find "$NB_DIR" -maxdepth 1 -name '*.ipynb' | LC_ALL=C sort)
fi
[ "${#notebooks[@]}" -gt 0 ] || die "no *.ipynb in $NB_DIR"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dl4j-nrn-notebooks.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
start=$SECONDS

# 1. Compile the examples module (and the modules it needs) and the kernel; write their runtime classpaths.
#    The compile phase lets the reactor resolve dl4j-nrn-layers to its fresh target/classes.
echo "run-notebooks: compiling dl4j-nrn-examples and dl4j-nrn-jupyter, resolving their classpaths"
cp_file="target/notebook-classpath.txt"
if ! mvn_quiet -pl dl4j-nrn-examples,dl4j-nrn-jupyter -am compile \
        "$DEPENDENCY_PLUGIN:build-classpath" -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime; then
    die "the Maven build of the notebook classpath failed (see above); dependencies are fetched by running
    mvn -B install -DskipTests   from $ROOT"
fi
for module in dl4j-nrn-examples dl4j-nrn-jupyter; do
    [ -f "$ROOT/$module/$cp_file" ] || die "Maven did not write $module/$cp_file"
done
[ -d "$ROOT/dl4j-nrn-jupyter/target/classes/io/github/dl4jnrn/jupyter" ] \
    || die "the kernel is not compiled: no dl4j-nrn-jupyter/target/classes"

# 2. The kernel goes first (its protocol libraries, e.g. gson, are newer than those DL4J brings), then the examples.
kernel_cp="$ROOT/dl4j-nrn-jupyter/target/classes:$(cat "$ROOT/dl4j-nrn-jupyter/$cp_file")"
examples_cp="$(cat "$ROOT/dl4j-nrn-examples/$cp_file")"
if [ -d "$ROOT/dl4j-nrn-examples/target/classes" ]; then
    examples_cp="$ROOT/dl4j-nrn-examples/target/classes:$examples_cp"
fi
# drop empty and repeated entries, keeping the first
classpath="$(printf '%s' "$kernel_cp:$examples_cp" | tr ':' '\n' | awk 'NF && !seen[$0]++' | paste -sd: -)"

# 3. A kernel spec in a temporary Jupyter data folder (nothing is installed).
mkdir -p "$WORK/kernels/$KERNEL_NAME" "$WORK/runtime"
KERNEL_JSON="$WORK/kernels/$KERNEL_NAME/kernel.json" JAVA="$JAVA" CLASSPATH_VALUE="$classpath" \
    KERNEL_CLASS="$KERNEL_CLASS" JAVA_OPTS_VALUE="${NOTEBOOK_JAVA_OPTS:-}" "$PYTHON" - <<'EOF'
import json, os, shlex
# the protocol loops of jjava-jupyter log each start and stop at INFO; slf4j-simple, if it is the binding, hides them
quiet = ["-Dorg.slf4j.simpleLogger.log.%s=warn" % name for name in ("Loop-Shell-0", "Loop-Shell-1", "Loop-Heartbeat-0")]
# the vector API module lets the layers use their SIMD kernels (several times faster)
argv = [os.environ["JAVA"], "-Djava.awt.headless=true", "--add-modules=jdk.incubator.vector", *quiet, *shlex.split(os.environ["JAVA_OPTS_VALUE"]),
        "-cp", os.environ["CLASSPATH_VALUE"], os.environ["KERNEL_CLASS"], "{connection_file}"]
spec = {"argv": argv, "display_name": "Java (dl4j-nrn)", "language": "java", "interrupt_mode": "message"}
with open(os.environ["KERNEL_JSON"], "w") as f:
    json.dump(spec, f, indent=1)
EOF
export JUPYTER_PATH="$WORK"
export JUPYTER_RUNTIME_DIR="$WORK/runtime"
echo "run-notebooks: classpath ready after $((SECONDS - start)) s"

# 4. Execute each notebook, then check its outputs.
mkdir -p "$OUT_DIR"
failed=()
for nb in "${notebooks[@]}"; do
    name="$(basename "$nb")"
    nb_start=$SECONDS
    echo "run-notebooks: executing $name"
    rm -f "$OUT_DIR/$name"
    if ! "$PYTHON" -m nbconvert --to notebook --execute \
            --ExecutePreprocessor.timeout="${CELL_TIMEOUT:-600}" \
            --ExecutePreprocessor.startup_timeout=180 \
            --ExecutePreprocessor.kernel_name="$KERNEL_NAME" \
            --output-dir "$OUT_DIR" --output "$name" "$nb"; then
        echo "run-notebooks: FAILED $name: a cell failed or the kernel died (see above)" >&2
        failed+=("$name")
        continue
    fi
    if ! "$PYTHON" - "$OUT_DIR/$name" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    nb = json.load(f)
outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
problems = []
errors = [o for o in outputs if o.get("output_type") == "error"]
if errors:
    problems.append("%d error output(s), first: %s: %s" % (len(errors), errors[0].get("ename"),
                                                                (errors[0].get("evalue") or "").split("\n")[0]))
if not any("image/png" in o.get("data", {}) for o in outputs):
    problems.append("no image/png output")
for p in problems:
    print("run-notebooks: %s: %s" % (path, p), file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
    then
        echo "run-notebooks: FAILED $name: the executed notebook does not pass the output checks" >&2
        failed+=("$name")
        continue
    fi
    echo "run-notebooks: ok $name ($((SECONDS - nb_start)) s) -> $OUT_DIR/$name"
done

echo "run-notebooks: $((${#notebooks[@]} - ${#failed[@]})) notebook(s) ok, ${#failed[@]} failed, $((SECONDS - start)) s"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "run-notebooks: failed notebooks: ${failed[*]}" >&2
    exit 1
fi
