// The two parsers of a spec check, bundled as g6 bundles them: bench/lib.js floorBundle() builds it.
'use strict';
module.exports = { yaml: require('js-yaml'), parser: require('@prometheus-io/lezer-promql').parser };
