/** `entra-logs --help`: every command and flag, in one text. */
export const HELP = `entra-logs: browse and export Microsoft Entra ID sign-in, audit and provisioning logs

Usage
  entra-logs                          pick a report in the TUI (device-code sign-in first if needed)
  entra-logs --demo                   the TUI against the built-in emulator and its demo tenant
  entra-logs signins|audits|provisioning [filters]     the TUI opened on that query
  entra-logs <report> [filters] --output ndjson|json|csv [--out FILE [--resume]]
                                      an export; --out FILE alone takes the format from the name (.csv, .json,
                                      .ndjson or .jsonl; another name NDJSON), also on a terminal
  entra-logs open FILE [filters]      browse an export or an admin-center download offline
  entra-logs open DIR [signins|audits|provisioning] [filters]
                                      a diagnostic-settings archive: a storage account's insights-logs-*/…/
                                      PT1H.json tree, one PT1H.json or an Event Hubs dump; all four sign-in
                                      categories are the sign-ins (the default), audits and provisioning their own
  entra-logs timeline --user UPN|id [--since --until] [--workspace ID] [--output ndjson] [--print url|powershell|kql]
                                      one user's sign-ins (all four types), audits by and about them and
                                      provisioning, newest first, with detections; in the TUI: t on a record
  entra-logs login | logout | whoami
  entra-logs emulator [--port N]      run the local Graph + identity emulator alone (see docs/emulator.md;
                                      --scale N serves N sign-ins derived from the generated ones)

Filters
  --since 24h|7d|ISO  --until ...     time range, since a time in the past (relative, or ISO 8601; no zone: local)
  sign-ins: --user --app --ip --correlation --request --error --status success|interrupted|failure --ca
            --city --resource --client-app --risk
            --country AU|Australia        an ISO 3166-1 two-letter code or an English country name
            --service-principal NAME|ID   service principal and managed identity sign-ins (chosen without --type)
            --type interactive,non-interactive,service-principal,managed-identity (beta; default interactive)
  audits:   --category --activity --target --result --service --correlation
            --category groupmanagement    any case; as the logs write it (GroupManagement, UserManagement ...)
            --initiated-by WHO            a UPN (user), a GUID (user id or app id), else a user's or an app's
                                          display name, exact: --initiated-by "Audry Oliver"
  provisioning: --status --action --identity --job --cycle --change --system
  values as the TUI shows them: a hidden character shown as \\u200b (zero-width space) is typed so too
  --filter "OData"                    raw $filter for experts, and-ed to the rest in parentheses (which
                                      it must balance outside its 'strings')
  --beta  --order newest|oldest  --max N
  --print url|powershell|kql          print the query (the Graph URL, a Graph PowerShell command, KQL for
                                      Log Analytics) without running it: no sign-in, no network; what a URL
                                      or PowerShell cannot hold (--status failure) is named on stderr
  --page-size N                       records per request (the TUI asks for 100, an export for 1,000)

Sign-in
  --tenant ID|domain  --client-id ID  --cloud global|usgov|usgov-dod|china
  app-only: AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (PEM with key), with --tenant
  --emulator URL --ca-file PEM        talk to a running emulator instead of Microsoft
Environment: AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH
             HTTPS_PROXY NO_PROXY NODE_EXTRA_CA_CERTS NO_COLOR ENTRA_LOGS_CONFIG_DIR
`;
