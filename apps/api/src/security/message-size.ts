/**
 * Largest HTTP request body and largest WebSocket message: Temporal refuses payloads over 2 MB by default, so a larger
 * `startWorkflow` input could not start anyway. The WebSocket limit holds before the connection is authenticated.
 */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
