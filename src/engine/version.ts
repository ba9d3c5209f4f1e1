// The engine's version, shown in the handshake and in reports.
export const ENGINE_VERSION = '0.1.0';
