// npm run bench: prints figures and their ratio to the targets of the issues. Not a test: machines are noisy.
import { engineFigures } from './engine.js'
import { report } from './measure.js'

const only = process.argv[2]
console.log(`iamdx benchmarks — node ${process.version}, ${new Date().toISOString()}`)
if (!only || only === 'engine') {
  console.log('\n# engine (in process)')
  report(engineFigures())
}
