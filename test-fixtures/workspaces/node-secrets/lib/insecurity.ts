// Shaped like juice-shop's lib/insecurity.ts: a JWT signing key hard-coded in source.
// TEST KEY: generated for ASPM's tests (1024-bit RSA), never used anywhere; it must be reported, never printed.
export const publicKeyPath = 'encryptionkeys/jwt.pub';
// expect: secretlint/privatekey/PrivateKey
const privateKey = '-----BEGIN RSA PRIVATE KEY-----\r\nMIICXgIBAAKBgQDE3MIFTXOxy9H4rUn8ZkSuwidac3lHnE/LOe2QUrCkXaQgcY7y\r\nBCIauSEOi+Ps+C6apCd5Tqr5Yv0ODu5lnIZlhsQnEeTAXp6VlxipGSCVuVaVdPCl\r\n4+qy8x4HwudwWpUPWN2rJ5i9jpyHohq//2AqEcaYRZPg3an5w0+aQsSw6QIDAQAB\r\nAoGBAIxwNFWWEGAZWFyAOxS9XGgTiAGF+VI119LSK4DXDL7lMq4WdPSAMFhCE6wN\r\n7fbiglS9oI9wqJYqoP6Ddly00kafJkQLTtViTSOoIlgoYfZKYxvNy2G8vXL1SJ+u\r\nCmiuxRGgFeAaxhCCflyNOA9/pNeCPuhZDRZA1cYSc5P4D2pRAkEA+ouy57/u1VcH\r\nkvrzmI1g8u7m5oHntaXTO6UfyFrY7qDKSxsFUbxHQ+sAu5SWEpuXzBqhJa59Xp/T\r\nDyZRVCjX9QJBAMkl4SiRSTnveCDwhHQVpbZnNbz2jQf+YgPhgacfaOwLvzPGSyJe\r\n3118gxjlZvOugQHVGwoHl8ypUORTkKc7gKUCQQDY8hZcLgn0mYNpdftwYRtNwCgX\r\n+OxWkdwyjWzT5DZrircgCam1eL6MxPTBeIvqWOg8R+K56jmMsf/j4l4R7bvxAkEA\r\nwe6lgQliglshhRCfg5SDarNjmkZTfwuB0KAQ8uJTtJE2zWI3enHiBS5Q7yXt9q+e\r\nbffa0/ayIn50IU94PeQeiQJAPPauhdKKPEX+euCU/VmLcY57wW4brLdd64+aX47W\r\nu1dPl3MJhfXzeeaSU5apxt7QWh3Xc/NzP+kfN79VBF2ggg==\r\n-----END RSA PRIVATE KEY-----';

export const authorize = (user: object, sign: (payload: object, key: string) => string): string => sign(user, privateKey);
