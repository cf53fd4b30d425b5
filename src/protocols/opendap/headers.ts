/** The response headers DAP clients check. */
import type { OutgoingHttpHeaders } from 'node:http';
import type { Response } from 'express';

/** This server in `XOPeNDAP-Server` and `.ver`. */
export const SERVER_SOFTWARE = 'meridian/0.1';
/** The DAP2 protocol version this server speaks. */
export const DAP_VERSION = '3.2';

/**
 * netCDF-Java refuses a server that sends neither `XDODS-Server` nor `XDAP`, and reads
 * `Content-Description` to tell an error from data.
 */
export function dapHeaders(description: string): OutgoingHttpHeaders {
  return { 'XDODS-Server': `dods/${DAP_VERSION}`, 'XOPeNDAP-Server': SERVER_SOFTWARE, XDAP: DAP_VERSION, 'Content-Description': description };
}

export function setDapHeaders(res: Response, description: string): void {
  res.set(dapHeaders(description));
}
