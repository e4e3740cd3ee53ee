# Signs a jivocrm visitor token for jivo_api.setUserToken, on the site's backend.
# KEY is what `jivocrm token visitor-key` prints; keep it as secret as a password.
import base64, hashlib, hmac, json, sys, time

KEY = bytes.fromhex(sys.argv[1] if len(sys.argv) > 1 else "PASTE-THE-KEY-HERE")

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def jivocrm_user_token(email=None, phone=None, valid_seconds=30 * 86400):
    claims = {"email": email, "phone": phone, "exp": int(time.time()) + valid_seconds}
    body = "v1." + b64(json.dumps(claims).encode())
    return body + "." + b64(hmac.new(KEY, body.encode(), hashlib.sha256).digest())

if __name__ == "__main__":
    print(jivocrm_user_token(email=sys.argv[2], valid_seconds=int(sys.argv[3]) if len(sys.argv) > 3 else 30 * 86400))
