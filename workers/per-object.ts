/**
 * `build` memoised per object, held weakly: one value per binding or env object for as long as
 * the isolate keeps that object (the drizzle clients, the parsed settings, compiled statements).
 */
export function perObject<K extends object, V>(build: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) values.set(key, (value = build(key)));
    return value;
  };
}
