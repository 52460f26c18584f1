// The invite (OAuth2 authorize) URL logged at start-up: scopes `bot applications.commands` and only the permissions
// the bot uses. Interaction replies need no permission at all; posting digests to a channel needs these three.
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/** View Channel + Send Messages + Embed Links (= 19456): what channel.send of a digest embed needs, nothing more. */
export const BOT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/** https://discord.com/oauth2/authorize?client_id=…&scope=bot+applications.commands&permissions=19456 */
export function inviteUrl(applicationId: string, permissions: bigint = BOT_PERMISSIONS): string {
  const q = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: permissions.toString(),
  });
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}
