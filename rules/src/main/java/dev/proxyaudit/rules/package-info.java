/** Validators and writers for everything that reaches a firewall or proxy rule file. */
package dev.proxyaudit.rules;
