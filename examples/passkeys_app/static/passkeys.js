// The page's side of the passkeys example: the WebAuthn ceremonies (navigator.credentials) and
// the JSON routes of app.py. Cognito's options and the credentials are WebAuthn's JSON forms
// (binary fields in base64url); the browser's API wants ArrayBuffers, hence the conversions.
"use strict";

const $ = (id) => document.getElementById(id);
// The last credentials this page sent, for a look in the console (and for the browser tests).
window.passkeyDemo = { lastRegistration: null, lastAssertion: null };
let ceremony = null; // the AbortController of a ceremony in progress

// ---- base64url <-> ArrayBuffer, for browsers without the JSON helpers ----------------------
function fromB64url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
}

function toB64url(buffer) {
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function creationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function") {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: fromB64url(json.challenge),
    user: { ...json.user, id: fromB64url(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: fromB64url(c.id) })),
  };
}

function requestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function") {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: fromB64url(json.challenge),
    allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: fromB64url(c.id) })),
  };
}

function credentialJSON(credential) {
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const r = credential.response;
  const response = { clientDataJSON: toB64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toB64url(r.attestationObject);
    response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
  } else {
    response.authenticatorData = toB64url(r.authenticatorData);
    response.signature = toB64url(r.signature);
    response.userHandle = r.userHandle ? toB64url(r.userHandle) : null;
  }
  return {
    id: credential.id,
    rawId: toB64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment,
    clientExtensionResults: credential.getClientExtensionResults(),
    response,
  };
}

// ---- talking to app.py ---------------------------------------------------------------------
async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  const data = await response.json();
  if (!response.ok) throw new Error(data.message || data.error || `HTTP ${response.status}`);
  return data;
}

function say(text, isError) {
  $("error").classList.toggle("hidden", !isError);
  $("message").classList.toggle("hidden", isError || !text);
  (isError ? $("error") : $("message")).textContent = text;
}

function show(...sections) {
  for (const id of ["signed-out", "code-entry", "ceremony", "signed-in"]) {
    $(id).classList.toggle("hidden", !sections.includes(id));
  }
}

async function refresh() {
  const me = await api("/api/me");
  if (!me.signed_in) {
    $("status").textContent = "Signed out.";
    show("signed-out");
    return;
  }
  $("status").innerHTML = "";
  $("status").append("Signed in as ", Object.assign(document.createElement("b"), { id: "user", textContent: me.username }),
    ` (via ${me.via}).`);
  $("passkeys").replaceChildren(...me.passkeys.map((p) =>
    Object.assign(document.createElement("li"), { textContent: `${p.name} (${p.id.slice(0, 12)}...)` })));
  if (!me.passkeys.length) $("passkeys").append(Object.assign(document.createElement("li"), { textContent: "none yet" }));
  show("signed-in");
}

// A ceremony the user (or the authenticator) cancelled is a DOMException: NotAllowedError
// when dismissed, refused or timed out; AbortError when this page aborted it.
function ceremonyError(error) {
  if (error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
    return `The passkey request was cancelled or not allowed (${error.name}).`;
  }
  if (error && error.name === "SecurityError") {
    return `The browser refused: this page's origin (${location.origin}) does not belong to the passkey's relying party (SecurityError).`;
  }
  return error && error.message ? error.message : String(error);
}

async function withCeremony(run) {
  ceremony = new AbortController();
  show("ceremony");
  try {
    return await run(ceremony.signal);
  } finally {
    ceremony = null;
  }
}

// ---- the flows -----------------------------------------------------------------------------
async function showCodeEntry(sent) {
  $("code-sent").textContent = sent.purpose === "signup"
    ? `We emailed a code to ${sent.destination} to confirm your sign-up.`
    : `We emailed a sign-in code to ${sent.destination}.`;
  $("code").value = "";
  show("code-entry");
  $("inbox").classList.add("hidden");
  const me = await api("/api/me");
  if (me.local_inbox) {
    const found = await api("/api/local-inbox");
    const code = found.codes[sent.purpose];
    $("inbox").textContent = `Local emulator's outbox: the email to ${found.username} says ${code}.`;
    $("inbox").classList.remove("hidden");
  }
}

async function sendCode(event) {
  event.preventDefault();
  say("");
  try {
    await showCodeEntry(await api("/api/sign-in/code", { username: $("username").value }));
  } catch (error) {
    say(error.message, true);
  }
}

async function signUp(event) {
  event.preventDefault();
  say("");
  try {
    const sent = await api("/api/sign-up", { username: $("signup-username").value, email: $("signup-email").value });
    await showCodeEntry(sent);
  } catch (error) {
    say(error.message, true);
  }
}

async function verifyCode(event) {
  event.preventDefault();
  say("");
  try {
    const result = await api("/api/sign-in/code/confirm", { code: $("code").value });
    if (result.next === "code") {
      await showCodeEntry(result);
      say("Sign-up confirmed. Now the sign-in code.");
      return;
    }
    await refresh();
    say("Signed in with an emailed code.");
  } catch (error) {
    say(error.message, true);
  }
}

async function cancelCode() {
  await api("/api/sign-in/cancel", {});
  say("");
  await refresh();
}

async function registerPasskey() {
  say("");
  try {
    const { options } = await api("/api/passkeys/options", {});
    const created = await withCeremony((signal) =>
      navigator.credentials.create({ publicKey: creationOptions(options), signal }));
    const credential = credentialJSON(created);
    window.passkeyDemo.lastRegistration = credential;
    await api("/api/passkeys", { credential });
    await refresh();
    say("Passkey added.");
  } catch (error) {
    await refresh();
    say(ceremonyError(error), true);
  }
}

async function passkeySignIn() {
  say("");
  const username = $("username").value;
  if (!username) {
    say("Type your username first.", true);
    return;
  }
  try {
    const { options } = await api("/api/sign-in/passkey", { username });
    const assertion = await withCeremony((signal) =>
      navigator.credentials.get({ publicKey: requestOptions(options), signal }));
    const credential = credentialJSON(assertion);
    window.passkeyDemo.lastAssertion = credential;
    await api("/api/sign-in/passkey/confirm", { credential });
    await refresh();
    say("Signed in with your passkey.");
  } catch (error) {
    await api("/api/sign-in/cancel", {});
    await refresh();
    say(ceremonyError(error), true);
  }
}

async function signOut() {
  await api("/api/sign-out", {});
  await refresh();
  say("Signed out.");
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", sendCode);
  $("sign-up-form").addEventListener("submit", signUp);
  $("code-form").addEventListener("submit", verifyCode);
  $("cancel-code").addEventListener("click", cancelCode);
  $("passkey-sign-in").addEventListener("click", passkeySignIn);
  $("register-passkey").addEventListener("click", registerPasskey);
  $("sign-out").addEventListener("click", signOut);
  $("cancel-ceremony").addEventListener("click", () => ceremony && ceremony.abort());
  if (!window.PublicKeyCredential) {
    $("passkey-sign-in").disabled = $("register-passkey").disabled = true;
  }
  refresh().catch((error) => say(error.message, true));
});
