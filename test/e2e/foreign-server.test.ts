import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type TestKamailio } from '../support/kamailio';
import { e2eEnvironment } from './environment';
import { Softphone } from './softphone';

/** A SIP domain that is not the server's host name, as many hosted SIP services have. */
const DOMAIN = 'example.org';

// The PBX only serves the web softphone's page: the phones sign in to Kamailio, not to it.
const env = e2eEnvironment();
let kamailio: TestKamailio;
const phones: Softphone[] = [];

beforeAll(async () => {
  kamailio = await startKamailio();
});

afterAll(async () => {
  await kamailio?.stop();
});

afterEach(async (context) => {
  await Promise.all(phones.splice(0).map((phone) => phone.close()));
  if (context.task.result?.state === 'fail') console.error(kamailio.log().slice(-4000));
});

/** A web softphone signed in to Kamailio as `user`@example.org, registered. */
async function signedInAtKamailio(user: string): Promise<Softphone> {
  const phone = await Softphone.open(env.browser, env.url());
  phones.push(phone);
  await phone.signIn(`ws://127.0.0.1:${kamailio.wsPort}`, user, 'any password', DOMAIN);
  await phone.page
    .getByRole('status')
    .filter({ hasText: `Registered as ${user}` })
    .waitFor({ timeout: 20_000 });
  // Kamailio has no API of this PBX: the dialer takes any SIP user or URI.
  await phone.page.getByPlaceholder('Number, user name or sip: address').waitFor({ timeout: 5000 });
  return phone;
}

describe('the softphone with a foreign SIP server (Kamailio 5.6)', () => {
  it('two softphones register through Kamailio with a SIP domain; alice calls bob by user name (audio both ways), then by SIP URI', async () => {
    const [alice, bob] = await Promise.all([
      signedInAtKamailio('alice'),
      signedInAtKamailio('bob'),
    ]);
    await alice.dial('bob');
    await bob.page.getByText('alice').first().waitFor({ timeout: 10_000 });
    await bob.button('Answer').click({ timeout: 10_000 });
    await alice.page.getByText('Connected').waitFor({ timeout: 10_000 });
    await bob.page.getByText('Connected').waitFor({ timeout: 10_000 });
    const [toAlice, toBob] = await Promise.all([alice.energyOver(2000), bob.energyOver(2000)]);
    expect(toAlice.bytes).toBeGreaterThan(1000);
    expect(toBob.bytes).toBeGreaterThan(1000);
    expect(toAlice.energy).toBeGreaterThan(0);
    expect(toBob.energy).toBeGreaterThan(0);
    // The REGISTER and INVITE named the SIP domain, not the server's address.
    expect(kamailio.log()).toMatch(/REQ INVITE sip:bob@example\.org/);
    await alice.button('Hang up').click();
    await bob.page.getByText('The other side hung up.').waitFor({ timeout: 10_000 });

    // A whole SIP URI is taken as it is.
    await alice.dial(`sip:bob@${DOMAIN}`);
    await bob.button('Answer').click({ timeout: 10_000 });
    await alice.page.getByText('Connected').waitFor({ timeout: 10_000 });
    await bob.button('Hang up').click();
    await alice.page.getByText('The other side hung up.').waitFor({ timeout: 10_000 });
  });
});
