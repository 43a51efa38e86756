/**
 * Every keyword OpenSSH's client config knows, from OpenSSH 9.2 up to 10.x (readconf.c's keyword table, deprecated
 * and unsupported ones included): ssh refuses a config with any other keyword unless IgnoreUnknown lists it.
 * Keywords newer than 9.2 are accepted, so a config written for a newer ssh still reads.
 */
export const SSH_KEYWORDS: ReadonlySet<string> = new Set([
  'addkeystoagent', 'addressfamily', 'afstokenpassing', 'batchmode', 'bindaddress', 'bindinterface',
  'canonicaldomains', 'canonicalizefallbacklocal', 'canonicalizehostname', 'canonicalizemaxdots',
  'canonicalizepermittedcnames', 'casignaturealgorithms', 'certificatefile', 'challengeresponseauthentication',
  'channeltimeout', 'checkhostip', 'cipher', 'ciphers', 'clearallforwardings', 'compression',
  'compressionlevel', 'connectionattempts', 'connecttimeout', 'controlmaster', 'controlpath', 'controlpersist',
  'dsaauthentication', 'dynamicforward', 'enableescapecommandline', 'enablesshkeysign', 'escapechar',
  'exitonforwardfailure', 'fallbacktorsh', 'fingerprinthash', 'forkafterauthentication', 'forwardagent',
  'forwardx11', 'forwardx11timeout', 'forwardx11trusted', 'gatewayports', 'globalknownhostsfile',
  'globalknownhostsfile2', 'gssapiauthentication', 'gssapidelegatecredentials', 'hashknownhosts', 'host',
  'hostbasedacceptedalgorithms', 'hostbasedauthentication', 'hostbasedkeytypes', 'hostkeyalgorithms',
  'hostkeyalias', 'hostname', 'identitiesonly', 'identityagent', 'identityfile', 'identityfile2',
  'ignoreunknown', 'include', 'ipqos', 'kbdinteractiveauthentication', 'kbdinteractivedevices', 'keepalive',
  'kerberosauthentication', 'kerberostgtpassing', 'kexalgorithms', 'knownhostscommand', 'localcommand',
  'localforward', 'loglevel', 'logverbose', 'macs', 'match', 'nohostauthenticationforlocalhost',
  'numberofpasswordprompts', 'obscurekeystroketiming', 'passwordauthentication', 'permitlocalcommand',
  'permitremoteopen', 'pkcs11provider', 'port', 'preferredauthentications', 'protocol', 'proxycommand',
  'proxyjump', 'proxyusefdpass', 'pubkeyacceptedalgorithms', 'pubkeyacceptedkeytypes', 'pubkeyauthentication',
  'refuseconnection', 'rekeylimit', 'remotecommand', 'remoteforward', 'requesttty', 'requiredrsasize',
  'revokedhostkeys', 'rhostsauthentication', 'rhostsrsaauthentication', 'rsaauthentication',
  'securitykeyprovider', 'sendenv', 'serveralivecountmax', 'serveraliveinterval', 'sessiontype', 'setenv',
  'skeyauthentication', 'smartcarddevice', 'stdinnull', 'streamlocalbindmask', 'streamlocalbindunlink',
  'stricthostkeychecking', 'syslogfacility', 'tag', 'tcpkeepalive', 'tisauthentication', 'tunnel',
  'tunneldevice', 'updatehostkeys', 'useprivilegedport', 'user', 'userknownhostsfile', 'userknownhostsfile2',
  'useroaming', 'usersh', 'verifyhostkeydns', 'versionaddendum', 'visualhostkey', 'warnweakcrypto',
  'xauthlocation',
]);
