/** command-service: The priority command queue and signed delivery to bots. */
@NullMarked
package io.bothub.command;

import org.jspecify.annotations.NullMarked;
