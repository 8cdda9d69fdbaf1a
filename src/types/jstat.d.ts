/**
 * Types for jstat 1.9 (CommonJS, ships none): only the standard normal distribution the
 * pilot comparison uses (`jStat.normal.cdf(x, mean, sd)`, `jStat.normal.inv(p, mean, sd)`).
 */
declare module 'jstat' {
  const pkg: {
    jStat: {
      normal: {
        cdf(x: number, mean: number, sd: number): number;
        inv(p: number, mean: number, sd: number): number;
      };
    };
  };
  export default pkg;
}
