// Tests start from empty D1 tables by default. A file that seeds a fixture once in beforeAll
// and reads it across its tests opts out with keepD1BetweenTests().
let keep = false;

export function keepD1BetweenTests(): void {
  keep = true;
}

export const wipeBeforeEachTest = (): boolean => !keep;
