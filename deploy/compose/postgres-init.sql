-- One database per service, as in Kubernetes (where each has its own CloudNativePG cluster). The deploy module's
-- tests check that this list matches the databases the services' application.yml name.
CREATE DATABASE bothub_tenant OWNER bothub;
CREATE DATABASE bothub_bot OWNER bothub;
CREATE DATABASE bothub_skill OWNER bothub;
CREATE DATABASE bothub_task OWNER bothub;
CREATE DATABASE bothub_routing OWNER bothub;
CREATE DATABASE bothub_command OWNER bothub;
CREATE DATABASE bothub_metrics OWNER bothub;
