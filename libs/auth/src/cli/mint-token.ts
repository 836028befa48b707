// Prints a dev token: node -r @swc-node/register libs/auth/src/cli/mint-token.ts --role FINANCE
import { mintTokenFromCli, MintTokenUsageError } from './mint-token-cli';

mintTokenFromCli(process.argv.slice(2), process.env).then(
  (token) => {
    process.stdout.write(`${token}\n`);
  },
  (error: unknown) => {
    if (error instanceof MintTokenUsageError) {
      process.stderr.write(`mint-token: ${error.message}\n`);
    } else {
      process.stderr.write(`mint-token: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
