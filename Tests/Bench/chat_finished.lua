-- wrk script: chat_finished webhooks with 20-message transcripts from returning visitors of a
-- store seeded by `jivocrm-bench seed`. Usage: wrk -s chat_finished.lua URL -- SEEDED_LEADS
local seeded = 100000
local names = { "Иван Петров ", "Tom Clifton ", "Maria Garcia " }

function init(args)
  seeded = tonumber(args[1]) or seeded
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local chat = math.random(1, 2000000000)
  local lead = math.random(1, seeded)
  local messages = {}
  for i = 1, 20 do
    if i % 2 == 1 then
      messages[i] = string.format('{"timestamp":%d,"type":"visitor","message":"Здравствуйте, вопрос по заказу %d, сообщение %d"}', 1700000000 + i * 7, chat, i)
    else
      messages[i] = string.format('{"timestamp":%d,"type":"agent","agent_id":"7","message":"Sure, order %d ships tomorrow (%d)"}', 1700000000 + i * 7, chat, i)
    end
  end
  local body = string.format(
    '{"event_name":"chat_finished","chat_id":%d,"widget_id":"bench",' ..
    '"visitor":{"name":"%s%d","email":"visitor%d@example.com","number":"%d"},' ..
    '"agents":[{"id":"7","name":"Anna","email":"anna@example.com"}],' ..
    '"chat":{"messages":[%s],"rate":"positive"}}', chat, names[lead % 3 + 1], lead, lead, lead, table.concat(messages, ","))
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
