// Drives Veil's session API with Plivo's official Node SDK, unmodified, the way a customer would. The SDK sends
// masking requests to a hard-coded https://api.plivo.com/, so every request is redirected to Veil's gateway at the
// HTTP adapter (PLIVO_API.md §8.2); nothing else is changed. Prints one JSON object of what the SDK returned.
// Usage: node sdk-check.js <gateway base URL> <auth id> <auth token> <first party> <second party>
'use strict';
const [baseUrl, authId, authToken, firstParty, secondParty] = process.argv.slice(2);
const axios = require('axios');
const httpAdapter = axios.getAdapter('http');
axios.defaults.adapter = (config) => {
  config.url = config.url.replace('https://api.plivo.com/', baseUrl.replace(/\/?$/, '/'));
  return httpAdapter(config);
};
const plivo = require('plivo');

async function failure(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return { status: e.status ?? e.response?.status ?? null, message: e.message };
  }
}

async function main() {
  const client = new plivo.Client(authId, authToken);
  const sessions = client.maskingSession;
  const created = await sessions.createMaskingSession(firstParty, secondParty,
    { sessionExpiry: 600, callTimeLimit: 1800, recordFileFormat: 'wav', isPinAuthenticationRequired: true,
      firstPartyPin: '2468', secondPartyPin: '1357', pinRetry: 2,
      pinPromptPlay: 'https://media.example.com/enter-pin.mp3' });
  const uuid = created.sessionUuid;
  const got = await sessions.getMaskingSession(uuid);
  const listed = await sessions.listMaskingSession({ firstParty: firstParty, limit: 5 });
  const updated = await sessions.updateMaskingSession(uuid, { callTimeLimit: 900, sessionExpiry: 1200 });
  const deleted = await sessions.deleteMaskingSession(uuid);
  const deletedAgain = await failure(sessions.deleteMaskingSession(uuid));
  const wrongToken = await failure(new plivo.Client(authId, authToken + '-wrong').maskingSession
    .getMaskingSession(uuid));
  console.log(JSON.stringify({
    created: { sessionUuid: uuid, virtualNumber: created.virtualNumber, message: created.message,
      session: created.session },
    got: got.response,
    listed: listed.response,
    updated: { message: updated.message, session: updated.session },
    deleted: { message: deleted.message },
    deletedAgain,
    wrongToken,
  }));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
