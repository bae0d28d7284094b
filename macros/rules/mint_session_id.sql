{#- The ID rule: the deterministic session ID minted for an event with no session.
    For event id E received at T (UTC):
      h = md5 hex of 'firstparty-session:' || E;  t = epoch milliseconds of T as 12 hex digits
      id = t[0:8] - t[8:12] - '8' h[0:3] - v h[4:7] - h[7:19],  v = '89ab'[int(h[3]) & 3]
    Mirror: firstparty_sessions.ids.mint_session_id (Python), the authority.
    Callers guarantee 1970 <= T < 10000-01-01, so t fits 12 hex digits.
    `hash`: optionally, a column already holding mint_hash(event_id): the ID then reads h
    from it instead of computing the MD5 once per use (four times; docs/performance.md). -#}
{% macro mint_session_id(event_id, received_at, hash=none) -%}
    {%- set h = firstparty_sessions.mint_hash(event_id) if hash is none else hash -%}
    {%- set t = firstparty_sessions.hex12(firstparty_sessions.epoch_ms(received_at)) -%}
    {#- '89ab' repeated 4 times, indexed by the hex digit h[3]: '89ab'[n & 3]. -#}
    {%- set variant = "substr('89ab89ab89ab89ab', " ~ dbt.position('substr(' ~ h ~ ', 4, 1)', "'0123456789abcdef'") ~ ', 1)' -%}
    {{ dbt.concat([
        'substr(' ~ t ~ ', 1, 8)', "'-'",
        'substr(' ~ t ~ ', 9, 4)', "'-8'",
        'substr(' ~ h ~ ', 1, 3)', "'-'",
        variant,
        'substr(' ~ h ~ ', 5, 3)', "'-'",
        'substr(' ~ h ~ ', 8, 12)'
    ]) }}
{%- endmacro %}

{#- h of the ID rule: the MD5 hex of 'firstparty-session:' || event id. -#}
{% macro mint_hash(event_id) -%}
    {{ dbt.hash(dbt.concat(["'firstparty-session:'", event_id])) }}
{%- endmacro %}
