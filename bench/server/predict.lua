-- wrk script: POST /predict with red-wine rows, cycling through the first 200 rows of the
-- bundled UCI data (read at start-up; WINE_CSV overrides the path).
local names = { "fixed_acidity", "volatile_acidity", "citric_acid", "residual_sugar", "chlorides",
  "free_sulfur_dioxide", "total_sulfur_dioxide", "density", "ph", "sulphates", "alcohol_pct_vol" }
local bodies = {}
local path = os.getenv("WINE_CSV") or "fixtures/wine-quality/winequality-red.csv"
local file = assert(io.open(path, "r"))
local first = true
for line in file:lines() do
  if first then
    first = false
  elseif #bodies < 200 then
    local fields, parts = {}, {}
    for value in string.gmatch(line, "[^;]+") do fields[#fields + 1] = value end
    for i, name in ipairs(names) do parts[#parts + 1] = string.format('"%s":%s', name, fields[i]) end
    bodies[#bodies + 1] = "{" .. table.concat(parts, ",") .. "}"
  end
end
file:close()

local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  return wrk.format(nil, "/predict", nil, bodies[(counter % #bodies) + 1])
end
