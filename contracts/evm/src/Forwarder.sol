// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Deposit forwarder of one AlatauPay invoice
/// @notice Runs behind a clone deployed by ForwarderFactory. Whatever reaches the clone can only ever go to
/// the treasury bound at deployment, and anyone may send it there: the gateway holds no key that could move it.
/// @dev The clone answers plain ETH transfers itself (see ForwarderFactory), so this code never runs for them.
contract Forwarder {
    /// @notice The factory whose clones delegate here; the only caller allowed to bind a treasury.
    address public immutable factory;

    /// @notice Where every balance of this forwarder goes; zero until the factory deploys the clone.
    address public treasury;

    event FlushedEth(address indexed treasury, uint256 amount);
    event FlushedToken(address indexed token, address indexed treasury, uint256 amount);

    error NotFactory();
    error AlreadyBound();
    error NotBound();
    error EthTransferFailed();
    error NotAContract(address token);
    error TokenTransferFailed(address token);

    constructor() {
        factory = msg.sender;
    }

    receive() external payable {}

    /// @notice Binds the treasury once, in the transaction that deploys the clone.
    function bind(address treasury_) external {
        if (msg.sender != factory) revert NotFactory();
        if (treasury != address(0)) revert AlreadyBound();
        treasury = treasury_;
    }

    /// @notice Sends the whole ETH balance to the treasury.
    function flushEth() public returns (uint256 amount) {
        address to = boundTreasury();
        amount = address(this).balance;
        if (amount == 0) return 0;
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert EthTransferFailed();
        emit FlushedEth(to, amount);
    }

    /// @notice Sends the whole balance of an ERC-20 token to the treasury.
    /// @dev A low-level call, because tokens such as mainnet USDT return nothing from transfer: empty return
    /// data or an encoded true is success; anything else, or a revert, is failure.
    function flushToken(address token) public returns (uint256 amount) {
        address to = boundTreasury();
        if (token.code.length == 0) revert NotAContract(token);
        amount = balanceOf(token);
        if (amount == 0) return 0;
        (bool ok, bytes memory data) = token.call(abi.encodeWithSelector(0xa9059cbb, to, amount));
        if (!ok || (data.length != 0 && (data.length != 32 || abi.decode(data, (uint256)) != 1))) {
            revert TokenTransferFailed(token);
        }
        emit FlushedToken(token, to, amount);
    }

    /// @notice Flushes ETH and each of the given tokens in one call.
    function flush(address[] calldata tokens) external {
        flushEth();
        for (uint256 i = 0; i < tokens.length; i++) {
            flushToken(tokens[i]);
        }
    }

    function boundTreasury() private view returns (address to) {
        to = treasury;
        if (to == address(0)) revert NotBound();
    }

    function balanceOf(address token) private view returns (uint256) {
        (bool ok, bytes memory data) = token.staticcall(abi.encodeWithSelector(0x70a08231, address(this)));
        if (!ok || data.length < 32) revert TokenTransferFailed(token);
        return abi.decode(data, (uint256));
    }
}
