#!/usr/bin/env bash
# Installs the Debian packages needed to execute the Java notebooks in dl4j-nrn-examples/notebooks headless:
# Jupyter (nbconvert/nbclient/jupyter-client) from Debian's repositories, no PyPI, plus fonts for headless AWT,
# and Graphviz (dot) for the circuit diagrams of io.github.dl4jnrn.inspect (a test renders DOT with it).
# Idempotent and non-interactive; must run as root (or through sudo).
set -euo pipefail

packages=(
    jupyter-notebook
    jupyter-client
    jupyter-nbconvert
    python3-nbconvert
    python3-nbclient
    python3-ipykernel
    fontconfig
    fonts-dejavu-core
    graphviz
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-notebook-deps: all packages already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-notebook-deps: installing ${missing[*]}"
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
