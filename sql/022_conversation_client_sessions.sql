-- A chat's own session_id, when the client sends one, defines its conversation: two conversations
-- with their own ids never merge, and idle time splits only conversations without one.
ALTER TABLE conversation_sessions ADD COLUMN client_session_id varchar(255);
