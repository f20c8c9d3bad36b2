import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { z } from 'zod';
import { authContract, personaCard } from '@shared/contracts/auth';
import type { Persona } from '@shared/contracts/common';
import { call } from '../../client/cloud';
import { plainError } from '../../client/error-text';
import { PERSONA_LABELS } from '../../client/labels';
import { signIn } from '../../client/session';
import './index.scss';

type Card = z.infer<typeof personaCard>;

/** Local runtime only: sign in as one of the seeded people with a single tap (the page then moves on). */
export function PersonaPicker() {
  const [cards, setCards] = useState<Card[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Persona | null>(null);

  useEffect(() => {
    call(authContract, 'personas', {})
      .then((r) => setCards(r.items))
      .catch((e: unknown) => setError(plainError(e)));
  }, []);

  const choose = async (persona: Persona) => {
    if (busy) return;
    setBusy(persona);
    setError(null);
    try {
      const { token, user } = await call(authContract, 'devLogin', { persona });
      signIn(token, user);
    } catch (e) {
      setError(plainError(e));
    } finally {
      setBusy(null);
    }
  };

  // Stands in for a WeChat user opening the mini-program for the first time: a fresh openid, nobody yet.
  const newUser = async () => {
    if (busy) return;
    setBusy('resident');
    setError(null);
    try {
      const openid = `local-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      const { token, user } = await call(authContract, 'devLogin', { openid });
      signIn(token, user);
    } catch (e) {
      setError(plainError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <View>
      <View className='qy-notice'>{cards.length ? '本地演示环境：请选择一位身份登录。' : '本地环境还没有演示人员。'}</View>
      {error && <View className='qy-error'>{error}</View>}
      <View className='persona-grid'>
        {cards.map((c) => (
          <View
            key={c.persona}
            className='persona-card'
            role='button'
            aria-label={`以${PERSONA_LABELS[c.persona]}${c.name}的身份登录`}
            onClick={() => void choose(c.persona)}
          >
            <Text className='persona-card__role'>{PERSONA_LABELS[c.persona]}</Text>
            <Text className='persona-card__name'>{c.name}</Text>
            <Text className='persona-card__unit'>{c.unitName}</Text>
            {busy === c.persona && <Text className='persona-card__unit'>正在登录…</Text>}
          </View>
        ))}
        <View className='persona-card' role='button' aria-label='以新的微信用户身份进入' onClick={() => void newUser()}>
          <Text className='persona-card__role'>新的微信用户</Text>
          <Text className='persona-card__unit'>第一次打开小程序，还没注册</Text>
        </View>
      </View>
    </View>
  );
}
