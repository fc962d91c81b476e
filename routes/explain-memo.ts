// Diagnoses of policies gathered from a source, remembered while the source's answer is: the sources hand out one
// frozen answer object (PolicySet and provenance) per principal/resource while it is fresh (the answer memo), so a
// diagnosis of the same request against that same object is the same diagnosis, and many callers asking about one
// incident share it.
// Not remembered: a policy set that reads the clock (aws:CurrentTime, aws:EpochTime), whose answer can change with
// time, and requests given their own policies (a new object each call).
import type { ExplainResponse } from './schemas/explain.js'

const PER_POLICY_SET = 256
const CLOCK_KEYS = /aws:(currenttime|epochtime)/i

interface Entry {
  readsClock: boolean
  diagnoses: Map<string, Remembered>
}

/** A remembered diagnosis, and the JSON body sent for it (the same for every caller asking the same thing). */
export interface Remembered {
  readonly response: ExplainResponse
  json?: string
}

export class ExplainMemo {
  #bySet = new WeakMap<object, Entry>()

  /** The diagnosis of `request` against the answer's policies: remembered, or computed by `compute` (undefined: not kept). */
  diagnose(answer: object, request: unknown, compute: () => ExplainResponse | undefined): Remembered | undefined {
    let entry = this.#bySet.get(answer)
    if (entry === undefined) {
      entry = { readsClock: CLOCK_KEYS.test(JSON.stringify(answer)), diagnoses: new Map() }
      this.#bySet.set(answer, entry)
    }
    if (entry.readsClock) {
      const response = compute()
      return response === undefined ? undefined : { response }
    }
    const key = JSON.stringify(request)
    const known = entry.diagnoses.get(key)
    if (known !== undefined) return known
    const response = compute()
    if (response === undefined) return undefined
    if (entry.diagnoses.size >= PER_POLICY_SET) entry.diagnoses.delete(entry.diagnoses.keys().next().value as string)
    const fresh: Remembered = { response }
    entry.diagnoses.set(key, fresh)
    return fresh
  }
}
