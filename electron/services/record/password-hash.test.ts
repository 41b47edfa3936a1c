import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from './password-hash';

test('a scrypt hash verifies its password only, keeps its parameters, and is salted', async () => {
  const hash = await hashPassword('correct horse battery');
  const [alg, N, r, p, salt, key] = hash.split('$');
  assert.deepEqual([alg, Number(N), Number(r), Number(p)], ['scrypt', SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p]);
  assert.equal(Buffer.from(salt!, 'base64').length, 16);
  assert.equal(Buffer.from(key!, 'base64').length, 32);
  assert.equal(await verifyPassword('correct horse battery', hash), true);
  assert.equal(await verifyPassword('correct horse batterY', hash), false);
  assert.equal(await verifyPassword('', hash), false);
  const again = await hashPassword('correct horse battery');
  assert.notEqual(again, hash, 'a fresh salt each time');
  assert.equal(needsRehash(hash), false);
});

test('older (weaker) parameters still verify and are flagged for re-hashing; hostile hashes are refused', async () => {
  const weak = await hashPassword('password-1234', { N: 2 ** 10, r: 8, p: 1 });
  assert.equal(await verifyPassword('password-1234', weak), true);
  assert.equal(needsRehash(weak), true);
  for (const bad of ['', 'plain', 'scrypt$3$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==', `scrypt$${2 ** 30}$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==`, 'bcrypt$1$2$3$4$5']) {
    assert.equal(await verifyPassword('x', bad), false, bad);
    assert.equal(needsRehash(bad), true);
  }
});
