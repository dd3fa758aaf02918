/** The urql client is created once at the root and provided to the tree through Svelte context. */
import { getContextClient, setContextClient } from '@urql/svelte';
import type { Client } from '@urql/core';

export const provideClient = (client: Client): void => setContextClient(client);
export const useClient = (): Client => getContextClient();
