// dist/cjs holds CommonJS .js files inside a "type": "module" package; this marker makes Node
// (and TypeScript) read that folder as CommonJS.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

writeFileSync(join(__dirname, '..', 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
