/** Stops what global-setup.cjs started (servers named by TEMPORAL_ADDRESS / DATABASE_URL are left alone). */
module.exports = async function stopStack() {
  await globalThis.__BATON_STACK__?.stop();
};
