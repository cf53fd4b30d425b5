/** The response headers DAP clients check. */
import type { Response } from 'express';

/** This server in `XOPeNDAP-Server` and `.ver`. */
export const SERVER_SOFTWARE = 'meridian/0.1';
/** The DAP2 protocol version this server speaks. */
export const DAP_VERSION = '3.2';

/**
 * netCDF-Java refuses a server that sends neither `XDODS-Server` nor `XDAP`, and reads
 * `Content-Description` to tell an error from data.
 */
export function setDapHeaders(res: Response, description: string): void {
  res.set('XDODS-Server', `dods/${DAP_VERSION}`);
  res.set('XOPeNDAP-Server', SERVER_SOFTWARE);
  res.set('XDAP', DAP_VERSION);
  res.set('Content-Description', description);
}
