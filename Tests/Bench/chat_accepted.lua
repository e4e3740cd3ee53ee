-- wrk script: chat_accepted webhooks, about 70% from returning visitors of a store seeded by
-- `jivocrm-bench seed` (lead n has email visitor<n>@example.com), the rest from new visitors.
-- Usage: wrk -s chat_accepted.lua URL -- SEEDED_LEADS [RETURNING_SHARE (0 to 1, default 0.7)]
local seeded = 100000
local returning = 0.7
local counter = 0
local names = { "Иван Петров ", "Tom Clifton ", "Maria Garcia " }

function init(args)
  seeded = tonumber(args[1]) or seeded
  returning = tonumber(args[2]) or returning
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  counter = counter + 1
  local chat = math.random(1, 2000000000)
  local visitor
  if math.random() < returning then
    local lead = math.random(1, seeded)
    visitor = string.format('{"name":"%s%d","email":"visitor%d@example.com","number":"%d"}',
      names[lead % 3 + 1], lead, lead, lead)
  else
    visitor = string.format('{"name":"Новый посетитель %d","email":"new%d-%d@example.com","phone":"+1 (408) %03d-%04d"}',
      chat, chat, counter, math.random(100, 999), math.random(1000, 9999))
  end
  local body = string.format(
    '{"event_name":"chat_accepted","chat_id":%d,"widget_id":"bench","visitor":%s,' ..
    '"agent":{"id":"7","name":"Anna","email":"anna@example.com"},' ..
    '"session":{"utm":"source=google|medium=cpc","geoip":{"city":"Moscow","country":"Russia"}},' ..
    '"page":{"url":"https://shop.example.com/cart","title":"Cart"}}', chat, visitor)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
