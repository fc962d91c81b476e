// npm run bench [group]: prints figures and their ratio to the targets of the issues. Not a test: the
// machines are shared and noisy. Groups: engine, explain, http, live.
import { engineFigures } from './engine.js'
import { explainFigures } from './explain.js'
import { httpFigures, reportHttp } from './http.js'
import { liveFigures, reportLive } from './live.js'
import { report } from './measure.js'

const only = process.argv[2]
const want = (group: string) => !only || only === group
console.log(`iamdx benchmarks — node ${process.version}, ${new Date().toISOString()}`)
if (want('engine')) {
  console.log('\n# engine (in process)')
  report(engineFigures())
}
if (want('explain')) {
  console.log('\n# explain (in process)')
  report(await explainFigures())
}
if (want('http')) {
  console.log('\n# HTTP (server in its own process, autocannon client, same 2 cores)')
  reportHttp(await httpFigures())
}
if (want('live')) {
  console.log('\n# live sources (fake AWS over HTTP, real SDK clients)')
  reportLive(await liveFigures())
}
