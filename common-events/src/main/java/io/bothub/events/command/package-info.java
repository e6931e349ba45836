/** Events produced by the command-servicecommand. */
@NullMarked
package io.bothub.events.command;

import org.jspecify.annotations.NullMarked;
