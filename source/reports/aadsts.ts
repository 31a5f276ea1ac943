/**
 * Sign-in error codes (signIn.status.errorCode), from shared/aadsts-codes.md (Microsoft's AADSTS table,
 * entra-docs reference-error-codes.md). Regenerate from that file rather than editing by hand.
 */
export interface ErrorCodeInfo {
	readonly name: string;
	readonly description: string;
}

export const AADSTS: Readonly<Record<number, ErrorCodeInfo>> = {
	50126: {
		name: 'InvalidUserNameOrPassword',
		description:
			"Error validating credentials due to invalid username or password. The user didn't enter the right credentials. Expect to see some number of these errors in your logs due to users making mistakes.",
	},
	50074: {
		name: 'UserStrongAuthClientAuthNRequiredInterrupt',
		description: 'Strong authentication is required and the user did not pass the MFA challenge.',
	},
	50076: {
		name: 'UserStrongAuthClientAuthNRequired',
		description:
			'Due to a configuration change made by the admin such as a Conditional Access policy, per-user enforcement, or because you moved to a new location, the user must use multifactor authentication to access the resource. Retry with a new authorize request for the resource.',
	},
	53003: {
		name: 'BlockedByConditionalAccess',
		description:
			'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. If this is unexpected, see the Conditional Access policy that applied to this request or contact your administrator. For additional information, please visit troubleshooting sign-in with Conditional Access.',
	},
	50053: {
		name: '',
		description:
			'This error can result from two different reasons: IdsLocked - The account is locked because the user tried to sign in too many times with an incorrect user ID or password. The user is blocked due to repeated sign-in attempts. See Remediate risks and unblock users. Or, sign-in was blocked because it came from an IP address with malicious activity. To determine which failure reason caused this error, find the failed sign-in with error code 50053 in the sign-in logs and check its failure reason.',
	},
	50057: {
		name: 'UserDisabled',
		description:
			'The user account is disabled. The user object in Active Directory backing this account has been disabled. An admin can re-enable this account through PowerShell',
	},
	700016: {
		name: 'UnauthorizedClient_DoesNotMatchRequest',
		description:
			"The application wasn't found in the directory/tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have misconfigured the identifier value for the application or sent your authentication request to the wrong tenant.",
	},
	16000: {
		name: 'InteractionRequired',
		description:
			"User account '{EmailHidden}' from identity provider '{idp}' doesn't exist in tenant '{tenant}' and can't access the application '{appid}'({appName}) in that tenant. This account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Microsoft Entra user account. This error is fairly common when you try to sign in to Microsoft Entra admin center by us",
	},
	16003: {
		name: 'SsoUserAccountNotFoundInResourceTenant',
		description: "Indicates that the user hasn't been explicitly added to the tenant.",
	},
	50011: {
		name: 'InvalidReplyTo',
		description:
			"The reply address is missing, misconfigured, or doesn't match reply addresses configured for the app. As a resolution ensures to add this missing reply address to the Microsoft Entra application or have someone with the permissions to manage your application in Microsoft Entra IF do this for you. To learn more, see the troubleshooting article for error AADSTS50011.",
	},
	50034: {
		name: 'UserAccountNotFound',
		description:
			"To sign into this application, the account must be added to the directory. This error can occur because the user mis-typed their username, or isn't in the tenant. An application might have chosen the wrong tenant to sign into, and the currently logged in user was prevented from doing so since they did not exist in your tenant. If this user should be able to log in, add them as a guest. See docs he",
	},
	50055: {
		name: 'InvalidPasswordExpiredPassword',
		description:
			"The password is expired. The user's password is expired, and therefore their login or session was ended. They will be offered the opportunity to reset it, or can ask an admin to reset it via Reset a user's password using Microsoft Entra ID.",
	},
	50056: {
		name: '',
		description:
			"Invalid or null password: password doesn't exist in the directory for this user. The user should be asked to enter their password again.",
	},
	50058: {
		name: 'UserInformationNotProvided',
		description:
			"Session information isn't sufficient for single-sign-on. This means that a user isn't signed in. This is a common error that's expected when a user is unauthenticated and hasn't yet signed in. If this error is encountered in an SSO context where the user has previously signed in, this means that the SSO session was either not found or invalid. This error might be returned to the application if pro",
	},
	50064: {
		name: 'CredentialAuthenticationError',
		description: 'Credential validation on username or password has failed.',
	},
	50072: {
		name: 'UserStrongAuthEnrollmentRequiredInterrupt',
		description: 'User needs to enroll for second factor authentication (interactive).',
	},
	50079: {
		name: 'UserStrongAuthEnrollmentRequired',
		description:
			'Due to a configuration change made by the admin such as a Conditional Access policy, per-user enforcement, or because the user moved to a new location, the user is required to use multifactor authentication. Either a managed user needs to register security info to complete multifactor authentication, or a federated user needs to get the multifactor claim from the federated identity provider.',
	},
	50089: {
		name: '',
		description:
			'Authentication failed due to flow token expired. Expected - auth codes, refresh tokens, and sessions expire over time or are revoked by the user or an admin. The app will request a new login from the user.',
	},
	50097: {name: 'DeviceAuthenticationRequired', description: 'Device authentication is required.'},
	50105: {
		name: 'EntitlementGrantsNotFound',
		description:
			"The signed in user isn't assigned to a role for the signed in app. Assign the user to the app. To learn more, see the troubleshooting article for error AADSTS50105.",
	},
	50125: {
		name: 'PasswordResetRegistrationRequiredInterrupt',
		description: 'Sign-in was interrupted because of a password reset or password registration entry.',
	},
	50131: {
		name: 'ConditionalAccessFailed',
		description:
			'Indicates various Conditional Access errors such as bad Windows device state, request blocked due to suspicious activity, access policy, or security policy decisions.',
	},
	50132: {
		name: 'SsoArtifactInvalidOrExpired',
		description: "The session isn't valid due to password expiration or recent password change.",
	},
	50133: {
		name: 'SsoArtifactRevoked',
		description: "The session isn't valid due to password expiration or recent password change.",
	},
	50140: {
		name: 'KmsiInterrupt',
		description:
			'This error occurred due to "Keep me signed in" interrupt when the user was signing-in. This is an expected part of the sign in flow, where a user is asked if they want to remain signed into their current browser to make further logins easier. For more information, see The new Microsoft Entra sign-in and “Keep me signed in” experiences rolling out now!. You can open a support ticket with Correlation ID, Request ID, and Error code to get more details.',
	},
	50144: {
		name: 'InvalidPasswordExpiredOnPremPassword',
		description:
			"User's Active Directory password has expired. Generate a new password for the user or have the user use the self-service reset tool to reset their password.",
	},
	50155: {name: 'DeviceAuthenticationFailed', description: 'Device authentication failed for this user.'},
	50158: {name: 'ExternalSecurityChallenge', description: 'External security challenge was not satisfied.'},
	50173: {
		name: 'FreshTokenNeeded',
		description:
			'The provided grant has expired due to it being revoked, and a fresh auth token is needed. Either an admin or a user revoked the tokens for this user, causing subsequent token refreshes to fail and require reauthentication. Have the user sign in again.',
	},
	50196: {
		name: 'LoopDetected',
		description:
			'A client loop has been detected. Check the app\u2019s logic to ensure that token caching is implemented, and that error conditions are handled correctly. The app has made too many of the same request in too short a period, indicating that it is in a faulty state or is abusively requesting tokens.',
	},
	500011: {
		name: 'InvalidResourceServicePrincipalNotFound',
		description:
			"The resource principal named {name} wasn't found in the tenant named {tenant}. This can happen if the application hasn't been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant. If you expect the app to be installed, you might need to provide administrator permissions to add it. Check with the ",
	},
	51004: {
		name: 'UserAccountNotInDirectory',
		description:
			'The user account doesn\u2019t exist in the directory. An application likely chose the wrong tenant to sign into, and the currently logged in user was prevented from doing so since they did not exist in your tenant. If this user should be able to log in, add them as a guest. For further information, please visit add B2B users.',
	},
	53000: {
		name: 'DeviceNotCompliant',
		description:
			"Conditional Access policy requires a compliant device, and the device isn't compliant. The user must enroll their device with an approved MDM provider like Intune. For additional information, please visit Conditional Access device remediation.",
	},
	53001: {
		name: 'DeviceNotDomainJoined',
		description:
			"Conditional Access policy requires a domain joined device, and the device isn't domain joined. Have the user use a domain joined device.",
	},
	53002: {
		name: 'ApplicationUsedIsNotAnApprovedApp',
		description:
			"The app used isn't an approved app for Conditional Access. User needs to use one of the apps from the list of approved apps to use in order to get access.",
	},
	530032: {
		name: 'BlockedByConditionalAccessOnSecurityPolicy',
		description:
			'The tenant admin has configured a security policy that blocks this request. Check the security policies that are defined on the tenant level to determine if your request meets the policy requirements.',
	},
	530035: {
		name: 'BlockedBySecurityDefaults',
		description:
			'Access has been blocked by security defaults. This is due to the request using legacy auth or being deemed unsafe by security defaults policies. For additional information, please visit enforced security policies.',
	},
	53004: {
		name: 'ProofUpBlockedDueToRisk',
		description:
			'User needs to complete the multifactor authentication registration process before accessing this content. User should register for multifactor authentication.',
	},
	53011: {name: '', description: 'User blocked due to risk on home tenant.'},
	54005: {
		name: '',
		description:
			'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
	},
	65001: {
		name: 'DelegationDoesNotExist',
		description:
			"The user or administrator hasn't consented to use the application with ID X. Send an interactive authorization request for this user and resource.",
	},
	65004: {
		name: 'UserDeclinedConsent',
		description: 'User declined to consent to access the app. Have the user retry the sign-in and consent to the app',
	},
	70000: {
		name: 'InvalidGrant',
		description:
			"Authentication failed. The refresh token isn't valid. Error might be due to the following reasons: Token binding header is empty Token binding hash does not match",
	},
	70008: {
		name: 'ExpiredOrRevokedGrant',
		description:
			'The refresh token has expired due to inactivity. The token was issued on XXX and was inactive for a certain amount of time.',
	},
	700082: {
		name: 'ExpiredOrRevokedGrantInactiveToken',
		description:
			'The refresh token has expired due to inactivity. The token was issued on {issueDate} and was inactive for {time}. Expected part of the token lifecycle - the user went an extended period of time without using the application, so the token was expired when the app attempted to refresh it.',
	},
	70011: {name: 'InvalidScope', description: 'The scope requested by the app is invalid.'},
	70016: {
		name: 'AuthorizationPending',
		description: 'OAuth 2.0 device flow error. Authorization is pending. The device will retry polling the request.',
	},
	70018: {
		name: 'BadVerificationCode',
		description:
			"Invalid verification code due to User typing in wrong user code for device code flow. Authorization isn't approved.",
	},
	70019: {name: 'CodeExpired', description: 'Verification code expired. Have the user retry the sign-in.'},
	70043: {
		name: 'BadTokenDueToSignInFrequency',
		description:
			'The refresh token has expired or is invalid due to sign-in frequency checks by Conditional Access. The token was issued on {issueDate} and the maximum allowed lifetime for this request is {time}.',
	},
	7000215: {
		name: '',
		description:
			'Invalid client secret is provided. Developer error - the app is attempting to sign in without the necessary or correct authentication parameters.',
	},
	7000222: {
		name: 'InvalidClientSecretExpiredKeysProvided',
		description:
			'The provided client secret keys are expired. Create new keys for your app, or consider using certificate credentials for added security: https://aka.ms/certCreds',
	},
	81010: {
		name: 'DesktopSsoAuthTokenInvalid',
		description: "Seamless SSO failed because the user's Kerberos ticket has expired or is invalid.",
	},
	90002: {
		name: 'InvalidTenantName',
		description:
			"The tenant name wasn't found in the data store. Check to make sure you have the correct tenant ID. The application developer will receive this error if their app attempts to sign into a tenant that we cannot find. Often, this is because a cross-cloud app was used against the wrong cloud, or the developer attempted to sign in to a tenant derived from an email address, but the domain isn't registere",
	},
	90072: {
		name: 'PassThroughUserMfaError',
		description:
			"The external account that the user signs in with doesn't exist on the tenant that they signed into; so the user can't satisfy the MFA requirements for the tenant. This error also might occur if the users are synced, but there is a mismatch in the ImmutableID (sourceAnchor) attribute between Active Directory and Microsoft Entra ID. The account must be added as an external user in the tenant first. ",
	},
	90094: {name: 'AdminConsentRequired', description: 'Administrator consent is required.'},
};

/** The page Microsoft keeps for a code (the docs' own advice: codes and texts change). */
export function errorLookupUrl(code: number): string {
	return `https://login.microsoftonline.com/error?code=${code}`;
}
