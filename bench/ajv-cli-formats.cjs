// Loaded by ajv-cli (`-c`) in the benchmark: the CIDR formats of erlint's schema, as plain
// patterns, so ajv-cli validates the same schema without knowing erlint.
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;
const ipv6 = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\/(12[0-8]|1[01]\d|\d?\d)$/;
module.exports = (ajv) => {
  require('ajv-formats')(ajv, ['uuid']);
  ajv.addFormat('ipv4-cidr', ipv4);
  ajv.addFormat('ipv6-cidr', ipv6);
  ajv.addFormat('ip-cidr', (s) => ipv4.test(s) || ipv6.test(s));
};
