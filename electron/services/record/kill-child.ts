/**
 * Child process for the killed-process test (record-crash.test.ts): opens the record at argv[2]
 * and writes complete patients in a loop until it is killed, printing each finished patient's
 * number. Not part of the app.
 */
import { seedCompletePatient, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

const store = RecordStore.open(process.argv[2], { actor: TEST_ACTOR });
for (let i = 0; ; i++) {
  seedCompletePatient(store, i);
  if (i % 3 === 0) store.openChart(i + 1);
  process.stdout.write(`${i}\n`);
}
