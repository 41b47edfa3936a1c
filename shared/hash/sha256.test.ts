import { createHash, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256, sha256Hex, utf8Bytes } from './sha256';

test('FIPS 180-2 appendix B vectors', () => {
  // B.1: one block
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  // B.2: two blocks (448-bit message: padding spills into a second block)
  assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  // B.3: one million 'a'
  assert.equal(sha256Hex(new Uint8Array(1_000_000).fill(0x61)),
    'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
});

test('empty message and the digest as bytes', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  const digest = sha256('abc');
  assert.equal(digest.length, 32);
  assert.equal(digest[0], 0xba);
  assert.equal(digest[31], 0xad);
});

test('every length around the padding boundaries agrees with node:crypto', () => {
  for (let length = 0; length <= 130; length++) {
    const bytes = randomBytes(length);
    assert.equal(sha256Hex(new Uint8Array(bytes)), createHash('sha256').update(bytes).digest('hex'), `length ${length}`);
  }
});

test('strings are hashed as UTF-8, including Japanese and astral characters', () => {
  for (const text of ['研究用', 'mPFC–precuneus', 'z = −0.76', '😀 emoji', 'ascii']) {
    assert.deepEqual(Buffer.from(utf8Bytes(text)), Buffer.from(text, 'utf8'), text);
    assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), text);
  }
  // A lone surrogate becomes U+FFFD (EF BF BD), as in TextEncoder and Buffer.
  assert.deepEqual([...utf8Bytes('a\ud800b')], [0x61, 0xef, 0xbf, 0xbd, 0x62]);
});
