// Sends tracking calls to a running Segments service with the published @segment/analytics-node
// library, exactly as an application would. Usage: SEGMENTS_URL=http://localhost:8080
// SEGMENTS_WRITE_KEY=... node send.mjs. Exits non-zero if any call was not delivered.
import { Analytics } from '@segment/analytics-node'

const host = process.env.SEGMENTS_URL
const writeKey = process.env.SEGMENTS_WRITE_KEY
if (!host || !writeKey) {
  console.error('Set SEGMENTS_URL and SEGMENTS_WRITE_KEY')
  process.exit(2)
}

const analytics = new Analytics({ writeKey, host, path: '/v1/batch', flushAt: 5, flushInterval: 200, maxRetries: 2 })
let failures = 0
analytics.on('error', (error) => {
  failures++
  console.error('delivery failed:', error?.code, error?.reason ?? error)
})
analytics.on('http_request', (request) => console.log('POST', request.url, JSON.parse(request.body).batch.length, 'messages'))

// A visitor browses anonymously, then signs up: the earlier page views count for the contact.
analytics.page({ anonymousId: 'node-visitor-1', name: 'Pricing', properties: { url: 'https://node.test/pricing' } })
analytics.page({ anonymousId: 'node-visitor-1', name: 'Pricing', properties: { url: 'https://node.test/pricing?plan=team' } })
analytics.identify({
  userId: 'node-user-1',
  anonymousId: 'node-visitor-1',
  traits: { email: 'ada@node.test', firstName: 'Ada', lastName: 'Lovelace', country: 'DE', lifecycleStage: 'lead', plan: 'team' },
})
analytics.page({ userId: 'node-user-1', name: 'Pricing', properties: { url: 'https://node.test/pricing' } })
analytics.track({ userId: 'node-user-1', event: 'Form Submitted', properties: { formId: 'node-demo', formName: 'Node demo request' } })
analytics.group({ userId: 'node-user-1', groupId: 'node-co-1', traits: { domain: 'analytical-engines.test', name: 'Analytical Engines', employeeCount: 12 } })

// Someone else, identified only, with a page view that is not pricing.
analytics.identify({ userId: 'node-user-2', traits: { email: 'bob@node.test', country: 'FR' } })
analytics.page({ userId: 'node-user-2', name: 'Blog', properties: { url: 'https://node.test/blog' } })
analytics.track({ userId: 'node-user-2', event: 'Article Read', properties: { slug: 'engines' } })
// A visitor never identified counts for nobody.
analytics.page({ anonymousId: 'node-visitor-never', properties: { url: 'https://node.test/pricing' } })

await analytics.closeAndFlush({ timeout: 20000 })
if (failures > 0) {
  console.error(`${failures} call(s) failed`)
  process.exit(1)
}
console.log('all calls delivered')
