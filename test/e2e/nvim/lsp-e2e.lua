-- Neovim (0.7+) headless end-to-end test against `node dist/server.js --stdio`.
-- Run: nvim --headless --clean -n -c 'luafile lsp-e2e.lua' path/to/webapp.te
-- Every wait is vim.wait on a real condition with a deadline.
local server = assert(os.getenv('SELINUX_LS_SERVER'), 'SELINUX_LS_SERVER is not set')
local function log(msg) io.stdout:write(msg .. '\n') end
local function fail(msg) log('FAIL: ' .. msg); vim.cmd('cquit 1') end

local bufnr = vim.api.nvim_get_current_buf()
local fname = vim.api.nvim_buf_get_name(bufnr)
vim.bo[bufnr].filetype = 'selinux-te'

local client_id = vim.lsp.start_client({
  name = 'selinux-ls',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(fname, ':p:h'),
})
if not client_id then return fail('start_client returned nil') end
vim.lsp.buf_attach_client(bufnr, client_id)
if not vim.wait(10000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized == true
end, 20) then return fail('server did not initialize') end
log('initialized')

local uri = vim.uri_from_bufnr(bufnr)
local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
local function find(needle)
  for i, l in ipairs(lines) do
    local c = l:find(needle, 1, true)
    if c then return { line = i - 1, character = c - 1 } end
  end
end

-- Completion on the last (blank) line: keywords and support macros.
local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion',
  { textDocument = { uri = uri }, position = { line = #lines, character = 0 } }, 5000)
if not res or not res[client_id] or res[client_id].err then return fail('completion: ' .. vim.inspect(res)) end
local items = res[client_id].result
if items.items then items = items.items end
local labels = {}
for _, it in ipairs(items) do labels[it.label] = true end
if not labels['optional_policy'] or not labels['allow'] then return fail('completion lacks optional_policy/allow') end
log('COMPLETION ' .. #items .. ' items, including optional_policy and allow')

-- Hover on policy_module.
local pos = find('policy_module')
if not pos then return fail('policy_module not in the buffer') end
pos.character = pos.character + 2
local h = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = pos }, 5000)
if not h or not h[client_id] or h[client_id].err or not h[client_id].result then return fail('hover: ' .. vim.inspect(h)) end
local value = h[client_id].result.contents.value or ''
if not value:find('policy_module', 1, true) then return fail('hover text: ' .. value) end
log('HOVER ' .. value:gsub('\n', ' '):sub(1, 80))

-- In a module that calls a header interface: permission completion, hover expansion, definition.
local demo = os.getenv('SELINUX_LS_DEMO')
if demo then
  vim.cmd('edit ' .. demo)
  local b3 = vim.api.nvim_get_current_buf()
  vim.bo[b3].filetype = 'selinux-te'
  vim.lsp.buf_attach_client(b3, client_id)
  local last = vim.api.nvim_buf_line_count(b3)
  local typed = 'allow demo_t self:tcp_socket '
  vim.api.nvim_buf_set_lines(b3, last, last, false, { typed })
  local uri3 = vim.uri_from_bufnr(b3)
  local perm
  -- The index is built in the background: ask until the permissions are there.
  vim.wait(20000, function()
    local r = vim.lsp.buf_request_sync(b3, 'textDocument/completion', { textDocument = { uri = uri3 }, position = { line = last, character = #typed } }, 5000)
    local res3 = r and r[client_id] and r[client_id].result
    if not res3 then return false end
    for _, it in ipairs(res3.items or res3) do
      if it.label == 'name_bind' then perm = true end
      if it.label == 'execute_no_trans' then perm = 'wrong' end
    end
    return perm ~= nil
  end, 200)
  if perm ~= true then return fail('tcp_socket permission completion: ' .. tostring(perm)) end
  log('COMPLETION tcp_socket offers name_bind, not execute_no_trans')
  local lines3 = vim.api.nvim_buf_get_lines(b3, 0, -1, false)
  local pos3
  for i, l in ipairs(lines3) do
    local c = l:find('files_read_etc_files', 1, true)
    if c then pos3 = { line = i - 1, character = c + 2 } end
  end
  local hv = vim.lsp.buf_request_sync(b3, 'textDocument/hover', { textDocument = { uri = uri3 }, position = pos3 }, 5000)
  local hvalue = hv and hv[client_id] and hv[client_id].result and hv[client_id].result.contents.value or ''
  if not hvalue:find('Read generic files in /etc', 1, true) or not hvalue:find('allow demo_t etc_t:file', 1, true) then
    return fail('hover on files_read_etc_files: ' .. hvalue)
  end
  log('HOVER files_read_etc_files: summary and expansion')
  local df = vim.lsp.buf_request_sync(b3, 'textDocument/definition', { textDocument = { uri = uri3 }, position = pos3 }, 5000)
  local locs = df and df[client_id] and df[client_id].result or {}
  local target = locs[1] and (locs[1].uri or locs[1].targetUri) or ''
  if not target:find('/kernel/files.if', 1, true) then return fail('definition: ' .. vim.inspect(locs)) end
  log('DEFINITION ' .. target .. ':' .. (locs[1].range.start.line + 1))
end

-- Diagnostics arrive for a broken module.
local broken = os.getenv('SELINUX_LS_BROKEN')
if broken then
  vim.cmd('edit ' .. broken)
  local b2 = vim.api.nvim_get_current_buf()
  vim.bo[b2].filetype = 'selinux-te'
  vim.lsp.buf_attach_client(b2, client_id)
  if not vim.wait(10000, function() return #vim.diagnostic.get(b2) > 0 end, 20) then return fail('no diagnostics on ' .. broken) end
  local d = vim.diagnostic.get(b2)[1]
  log(('DIAGNOSTIC %d:%d %s'):format(d.lnum + 1, d.col + 1, d.message))
end

log('RESULT: PASS')
vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
vim.cmd('qall!')
