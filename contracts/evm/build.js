// Compiles src/*.sol with the pinned npm solc and writes artifacts/<Contract>.json (ABI and bytecode).
// `node build.js --check` compiles without writing and fails when the committed artifacts differ.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const root = __dirname;
const sourceDir = path.join(root, 'src');
const artifactDir = path.join(root, 'artifacts');
const check = process.argv.includes('--check');

const sources = {};
for (const file of fs.readdirSync(sourceDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[file] = { content: fs.readFileSync(path.join(sourceDir, file), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const message of output.errors || []) {
  console.error(message.formattedMessage);
}
if (errors.length > 0) {
  process.exit(1);
}

const artifacts = {};
for (const file of Object.keys(output.contracts).sort()) {
  for (const [name, contract] of Object.entries(output.contracts[file])) {
    artifacts[`${name}.json`] = JSON.stringify({
      contractName: name,
      sourceName: file,
      compiler: `solc ${solc.version()}`,
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
    }, null, 2) + '\n';
  }
}

if (check) {
  const committed = fs.existsSync(artifactDir) ? fs.readdirSync(artifactDir).filter((f) => f.endsWith('.json')).sort() : [];
  const stale = Object.keys(artifacts).filter((f) => !committed.includes(f)
    || fs.readFileSync(path.join(artifactDir, f), 'utf8') !== artifacts[f]);
  const extra = committed.filter((f) => !(f in artifacts));
  if (stale.length > 0 || extra.length > 0) {
    console.error(`Committed artifacts do not match the sources: ${[...stale, ...extra].join(', ')}. Run: npm run build (in contracts/evm).`);
    process.exit(1);
  }
  console.log(`${Object.keys(artifacts).length} artifacts match the sources (solc ${solc.version()}).`);
} else {
  fs.mkdirSync(artifactDir, { recursive: true });
  for (const [file, text] of Object.entries(artifacts)) {
    fs.writeFileSync(path.join(artifactDir, file), text);
  }
  console.log(`Wrote ${Object.keys(artifacts).length} artifacts (solc ${solc.version()}).`);
}
